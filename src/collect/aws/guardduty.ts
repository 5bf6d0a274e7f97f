import { awsService } from './service-metadata.js';
import { GuardDutyClient, GetDetectorCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { listAll, resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';
import { regionalFact } from './availability.js';

/** The region's GuardDuty detectors (at most one per account and region) with their features. */
async function collectGuardDuty(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new GuardDutyClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const listed = await regionalFact(ctx, 'guardduty', () =>
        listAll(paginateListDetectors({ client, pageSize: 50 }, {}), (p) => p.DetectorIds),
      );
      if (!listed.offered)
        return {
          resources: [make.fact('guardduty', 'aws.guardduty.region', { Offered: false })],
          problems: [],
        };
      const detectors = [];
      for (const id of listed.value) {
        const { $metadata: _m, ...detector } = await client.send(new GetDetectorCommand({ DetectorId: id }));
        detectors.push({ DetectorId: id, ...detector });
      }
      return {
        resources: [make.fact('guardduty', 'aws.guardduty.region', { Offered: true, Detectors: detectors })],
        problems: [],
      };
    },
  );
}

export const guardDutyCollector: ServiceCollector = {
  ...awsService('guardduty'),
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector', 'ssm:GetParameter'],
  collect: collectGuardDuty,
};
