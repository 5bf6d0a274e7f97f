/** Full-text search text, checked and quoted the same way on both backends. */

/** Trigram indexes match only texts of three characters or more. */
export const MIN_SEARCH_LENGTH = 3;

/** The text as one FTS5 phrase (a substring match with the trigram tokenizer): quotes doubled. */
export const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The text as a LIKE/ILIKE pattern matching it anywhere, its wildcards escaped (ESCAPE '\\'). */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
