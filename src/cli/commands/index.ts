/**
 * The commands of `stance`, in the order help lists them. A command is one module here exporting
 * `register(program, cli)`; adding one is adding its file and a line below. Command modules stay
 * light: they import the library when they run (cli.lib()), so starting `stance` loads only what
 * the command uses.
 */
import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { registerAudit } from './audit.js';
import { registerCollect } from './collect.js';
import { registerDaemon } from './daemon.js';
import { registerDb } from './db.js';
import { registerDemo } from './demo.js';
import { registerDetect } from './detect.js';
import { registerFindings } from './findings.js';
import { registerFrameworks } from './frameworks.js';
import { registerMute } from './mute.js';
import { registerNode } from './node.js';
import { registerNotify } from './notify.js';
import { registerPolicy } from './policy.js';
import { registerReport } from './report.js';
import { registerResource } from './resource.js';
import { registerResources } from './resources.js';
import { registerRules } from './rules.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerSignals } from './signals.js';
import { registerToken } from './token.js';

export type RegisterCommand = (program: Command, cli: Cli) => void;

export const COMMANDS: RegisterCommand[] = [
  registerScan,
  registerCollect,
  registerNode,
  registerFindings,
  registerResources,
  registerResource,
  registerRules,
  registerPolicy,
  registerFrameworks,
  registerReport,
  registerMute,
  registerNotify,
  registerDaemon,
  registerDb,
  registerDemo,
  registerDetect,
  registerSignals,
  registerServe,
  registerToken,
  registerAudit,
];
