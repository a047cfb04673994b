import { Command } from 'commander'
import { addCommand } from './add.js'
import { pauseCommand, removeCommand, resumeCommand } from './pause.js'
import { runCommand } from './run.js'
import { statusCommand } from './status.js'

export function archiveCommand(): Command {
  return new Command('archive')
    .addCommand(addCommand())
    .addCommand(runCommand())
    .addCommand(statusCommand())
    .addCommand(pauseCommand())
    .addCommand(resumeCommand())
    .addCommand(removeCommand())
    .addHelpText(
      'after',
      `
Chats are queued with \`archive add\` and worked by \`archive run\` (several
may run, on several machines with --queue redis://…). Each chat's folder gets
messages.jsonl (every post) and its media; a file met again is linked.

Examples:
  $ tgfetch archive add somechannel otherchannel -o archive --watch
  $ tgfetch archive run --workers 4
  $ tgfetch archive status --json
  $ tgfetch archive pause somechannel        # no chat named: the whole archive
  $ tgfetch archive resume somechannel
  $ tgfetch archive remove otherchannel      # its jobs and watch go, its files stay`,
    )
}
