// The quickstart's output: numbered steps, each followed by what came back. A step that did not do what
// it says throws StepFailed, which main.ts turns into one line and a non-zero exit code.

/** A step's result was not what the step promised. */
export class StepFailed extends Error {
  override name = "StepFailed";
}

/** Fails the current step with `what` unless `condition` holds. */
export function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new StepFailed(what);
}

export interface Transcript {
  /** Starts the next numbered step. */
  step(title: string): void;
  /** One line of what the current step got back. */
  result(line: string): void;
  /** How many steps have started. */
  readonly steps: number;
}

export function createTranscript(write: (line: string) => void = (line) => console.log(line)): Transcript {
  let steps = 0;
  return {
    step(title) {
      steps++;
      write(`\n${steps}. ${title}`);
    },
    result(line) {
      write(`   ${line}`);
    },
    get steps() {
      return steps;
    },
  };
}

/** An ID the way people read it: `REV-AbCd1234` rather than the long global form. */
export function shortId(object: { id: string; display_id?: string | undefined } | undefined): string {
  return object === undefined ? "(none)" : (object.display_id ?? object.id);
}

/** Whether `value` names `object`, in either its global or its display form. */
export function sameId(object: { id: string; display_id?: string | undefined } | undefined, value: string) {
  return object !== undefined && (object.id === value || object.display_id === value);
}
