/** Names given in stance.yaml (targets, notify channels): safe in ids, file names and log lines. */
export const CONFIG_NAME = /^[A-Za-z0-9_.-]+$/;
export const CONFIG_NAME_RULE = 'letters, digits, dot, dash and underscore only';
