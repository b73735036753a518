import { defineContractSuite } from "../src/suite.ts";
import { prismTarget } from "../src/targets.ts";

defineContractSuite(prismTarget);
