export const HEADER: string;
export function render(document: unknown): Promise<string>;
