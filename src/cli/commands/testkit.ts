import { Command, InvalidArgumentError } from 'commander'

function wholeNumber(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number')
  return n
}

const collect = (value: string, previous: string[]): string[] => [...previous, value]

/** `tgfetch testkit …`: the offline Telegram as a command. */
export function testkitCommand(): Command {
  const testkit = new Command('testkit')
  testkit
    .command('serve')
    .description('run the testkit DCs on 127.0.0.1 until Ctrl-C / SIGTERM')
    .option('--profile <name|file>', 'network profile: lan, free, premium, hostile, or a JSON file', 'lan')
    .option('--world <file>', 'world JSON file (default: generated from the seed)')
    .option('--seed <n>', 'seed of the generated world and of random faults', wholeNumber, 1)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--json',
      'print one JSON line describing the cluster; read commands from stdin (publish, accept-qr, faults, stats)',
    )
    .option(
      '--mtproxy [secret]',
      'also run an MTProxy front to the DCs (secret in hex: 32 digits, dd…, ee…+domain; default a fresh ee one)',
    )
    .option(
      '--fault <spec>',
      'inject a fault, repeatable: drop|stall|flood|garbage|forget-auth|expire-refs|rotate-salts|skew|restart' +
        '[:key=value,…] with every=30s / at=10s, dc=N, n=N, method=M, seconds=N, ms=N, keep-keys=false',
      collect,
      [],
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ tgfetch testkit serve --profile free\n  $ tgfetch testkit serve --json --profile hostile --seed 7' +
        '\n  $ tgfetch testkit serve --fault drop:every=30s --fault flood:n=3,seconds=5,at=10s' +
        '\n  $ tgfetch testkit serve --json --mtproxy   (then on stdin: publish chat=tgfetch_small kind=voice size=4096 text=hi)',
    )
    .action(
      async (opts: {
        profile: string
        world?: string
        seed: number
        host: string
        json?: boolean
        mtproxy?: string | true
        fault: string[]
      }) => {
        // loaded here, not with the CLI: the other commands never carry the testkit
        const { runTestkitServe } = await import('../../testkit/index.js')
        await runTestkitServe({
          profile: opts.profile,
          world: opts.world,
          seed: opts.seed,
          host: opts.host,
          json: opts.json === true,
          faults: opts.fault,
          mtproxy: opts.mtproxy,
          stdin: process.stdin,
        })
      },
    )
  return testkit
}
