import { awsService } from './service-metadata.js';
import { ACMClient, paginateListCertificates, type KeyAlgorithm } from '@aws-sdk/client-acm';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { listAll, resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

/** Every key type: without this filter ListCertificates answers RSA-1024 and RSA-2048 certificates only. */
const KEY_TYPES: KeyAlgorithm[] = [
  'RSA_1024',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'EC_prime256v1',
  'EC_secp384r1',
  'EC_secp521r1',
];

/** The certificate list carries type, key algorithm, status and validity: no per-certificate call. */
async function collectAcm(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new ACMClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const certificates = await listAll(
        paginateListCertificates({ client, pageSize: 1000 }, { Includes: { keyTypes: KEY_TYPES } }),
        (p) => p.CertificateSummaryList,
      );
      const resources = certificates.map((c) =>
        make.resource({
          id: c.CertificateArn!,
          type: 'aws.acm.certificate',
          name: c.DomainName ?? c.CertificateArn!,
          config: c,
        }),
      );
      return { resources, problems: [] };
    },
  );
}

export const acmCollector: ServiceCollector = {
  ...awsService('acm'),
  permissions: ['acm:ListCertificates'],
  collect: collectAcm,
};
