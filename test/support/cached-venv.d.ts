/** A pip install of a large package (MLflow, PySpark) on a fresh machine takes minutes. */
export const VENV_INSTALL_TIMEOUT_MS: number;
/**
 * Creates `<repo>/.cache/<name>` with one pinned pip requirement once (lock + marker file, so
 * parallel workers install once) and returns the venv directory.
 */
export function ensureCachedVenv(name: string, requirement: string): Promise<string>;
