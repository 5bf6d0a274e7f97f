export interface PolicyDocument {
  Version: string;
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[];
}
export const POLICY_FILE: string;
export const MANAGED_POLICY_LIMIT: number;
export function policyDocument(
  collectors: readonly { permissions: readonly string[] }[],
  sessionPermissions: readonly string[],
): PolicyDocument;
export function policyText(doc: PolicyDocument): string;
export function builtPolicy(): Promise<PolicyDocument>;
