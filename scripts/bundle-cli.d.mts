/** Bundles the CLI's entries (plus `extraEntries`: name → source path) into `outdir`, with its data files. */
export function bundleCli(outdir: string, extraEntries?: Record<string, string>): Promise<void>
