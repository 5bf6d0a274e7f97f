import { awsService } from './service-metadata.js';
import {
  AccessAnalyzerClient,
  paginateListAnalyzers,
  type AnalyzerSummary,
} from '@aws-sdk/client-accessanalyzer';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

async function collectAccessAnalyzer(ctx: ServiceContext) {
  return withClient(
    nameCalls(new AccessAnalyzerClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const analyzers: AnalyzerSummary[] = [];
      for await (const page of paginateListAnalyzers({ client }, {}))
        analyzers.push(...(page.analyzers ?? []));
      const config = {
        Analyzers: analyzers.map((a) => ({ arn: a.arn, name: a.name, type: a.type, status: a.status })),
      };
      return {
        resources: [resourcesOf(ctx).fact('access-analyzer', 'aws.accessanalyzer.region', config)],
        problems: [],
      };
    },
  );
}

export const accessAnalyzerCollector: ServiceCollector = {
  ...awsService('accessanalyzer'),
  permissions: ['access-analyzer:ListAnalyzers'],
  collect: collectAccessAnalyzer,
};
