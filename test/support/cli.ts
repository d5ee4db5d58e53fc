/** Runs a CLI entry point (`runFaqCli`, `runUnderstandCli`) on in-memory streams, as a shell would. */
import { PassThrough, Readable } from 'node:stream';

type CliEntry = (
  args: string[],
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
) => Promise<number>;

export async function runCli(
  entry: CliEntry,
  args: string[],
  stdinText = '',
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const code = await entry(args, { stdin: Readable.from([stdinText]), stdout, stderr });
  return { code, out, err };
}
