import { defineContractSuite } from "../src/suite.ts";
import { mockTarget } from "../src/targets.ts";

defineContractSuite(mockTarget);
