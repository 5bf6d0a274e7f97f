/** A rule construct Stance cannot evaluate; the loader names the rule file and the feature. */
export class SigmaError extends Error {}
