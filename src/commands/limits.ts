// Comment bodies are untrusted and up to 65,536 characters; these bounds keep parsing and replies small.
export const MAX_COMMAND_LINE_LENGTH = 1_000;
export const MAX_PARAMS = 20;
export const MAX_PARAM_VALUE_LENGTH = 500;
export const MAX_COMMANDS_PER_COMMENT = 10;
export const MAX_REASON_LENGTH = 200;
