import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findEnvironment, loadApp } from '../../app/app.js';
import { pluginRequest } from '../../render/export-argocd.js';
import { formatObjects } from '../../render/output.js';
import { renderEnvironment } from '../../render/render.js';
import { counted } from '../../util/plural.js';

export default class ArgocdGenerate extends KfCommand {
  static override description = `Render one environment for an Argo CD Config Management Plugin

Prints only the objects (a YAML stream) on stdout; logs go to stderr. The environment is the argument, else ARGOCD_ENV_KF_ENV (plugin env KF_ENV), else the "env" plugin parameter (ARGOCD_APP_PARAMETERS or PARAM_ENV). Components can be limited with ARGOCD_ENV_KF_COMPONENTS (plugin env KF_COMPONENTS, comma-separated) or the "components" array parameter. See examples/gitops/argocd/.`;

  static override examples = [
    'ARGOCD_ENV_KF_ENV=prod <%= config.bin %> argocd generate',
    '<%= config.bin %> argocd generate prod',
  ];

  static override args = {
    env: Args.string({ description: 'environment (default: from the Argo CD variables)' }),
  };

  async run(): Promise<void> {
    const started = performance.now();
    const { args } = await this.parse(ArgocdGenerate);
    const request = pluginRequest(process.env, args.env);
    const app = loadApp();
    findEnvironment(app, request.env);
    const objects = renderEnvironment(app, request.env, { components: request.components });
    process.stdout.write(formatObjects(objects, 'yaml'));
    process.stderr.write(
      `kf: rendered ${counted(objects.length, 'object')} of environment ${request.env} in ${Math.round(performance.now() - started)} ms\n`,
    );
  }
}
