import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';
import { addChartRepository, CHARTFILE } from '../../registry/charts.js';

export default class ChartAddRepo extends KfCommand {
  static override description = `Add a Helm chart repository to the app's ${CHARTFILE} (Tanka's format; created when missing)

--ca-file, --cert-file and --key-file are written as the repository's caFile, certFile and keyFile (relative to the app when inside it), for a repository behind a private CA or one that wants a client certificate; given for a repository already there, they replace its files.`;

  static override examples = [
    '<%= config.bin %> chart add-repo prometheus-community https://prometheus-community.github.io/helm-charts',
    '<%= config.bin %> chart add-repo bitnami oci://registry-1.docker.io/bitnamicharts',
    '<%= config.bin %> chart add-repo internal https://charts.example.com --ca-file tls/ca.pem --cert-file tls/kf.pem --key-file tls/kf.key',
  ];

  static override args = {
    name: Args.string({
      description: 'name used in chart references (<name>/<chart>@<version>)',
      required: true,
    }),
    url: Args.string({
      description:
        'repository URL serving index.yaml (https; plain http only on loopback), or an OCI registry: oci://<registry>/<namespace>',
      required: true,
    }),
  };

  static override flags = {
    'ca-file': Flags.string({
      description:
        "the repository's CA bundle (PEM): replaces the trusted CAs for it, as helm's --ca-file does",
    }),
    'cert-file': Flags.string({
      description: 'client certificate (PEM) that identifies kf to the repository',
    }),
    'key-file': Flags.string({ description: "the client certificate's key (PEM, no passphrase)" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ChartAddRepo);
    const root = findAppRoot();
    // paths as the shell gives them (from the working directory); the chartfile names them from its folder
    const file = (path: string | undefined) => (path === undefined ? undefined : resolve(path));
    const tls = {
      caFile: file(flags['ca-file']),
      certFile: file(flags['cert-file']),
      keyFile: file(flags['key-file']),
    };
    const outcome = await withAppLock(root, () =>
      addChartRepository(root, { name: args.name, url: args.url, tls }),
    );
    this.log(
      outcome === 'added'
        ? `Added chart repository '${args.name}' (${args.url})`
        : outcome === 'updated'
          ? `Updated the TLS files of chart repository '${args.name}'`
          : `Chart repository '${args.name}' is already there`,
    );
  }
}
