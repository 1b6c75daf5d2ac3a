// oclif hook for a command that does not exist: kf's one-line usage error (exit 2) with a
// did-you-mean, instead of oclif's ` ›   Error: command aply:gke not found`.
import type { Hook } from '@oclif/core';
import { unknownCommandMessage } from '../command-suggestion.js';

const hook: Hook.CommandNotFound = async function ({ id, config }) {
  const commands = config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...(c.aliases ?? [])]);
  const topics = config.topics.filter((t) => !t.hidden).map((t) => t.name);
  process.stderr.write(`kf: ${unknownCommandMessage(id, commands, topics)}\n`);
  process.exitCode = 2;
};

export default hook;
