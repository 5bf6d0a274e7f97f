export function metadataOf(text: string): Record<string, unknown> | undefined;
export function lintRules(policiesDir: string): string[];
