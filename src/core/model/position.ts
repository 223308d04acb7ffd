/** A place in a source file. Lines and columns are 1-based, as editors and GitHub annotations show them. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** A text file handed to the core: path relative to the analysed root, and its content. */
export interface SourceFile {
  path: string;
  text: string;
}

export const unknownPosition = (file: string): Position => ({ file, line: 1, col: 1 });
