import { AccessAnalyzerClient, paginateListAnalyzers, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import { clientConfig } from './session.js';
import { awsResource, factId, type ServiceCollector, type ServiceContext } from './service.js';

async function collectAccessAnalyzer(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const client = new AccessAnalyzerClient(clientConfig(region, ctx.session.credentials));
  try {
    const analyzers: AnalyzerSummary[] = [];
    for await (const page of paginateListAnalyzers({ client }, {})) analyzers.push(...(page.analyzers ?? []));
    const fact = awsResource({
      id: factId(account, region, 'access-analyzer'),
      type: 'aws.accessanalyzer.region',
      account,
      region,
      name: `access-analyzer ${region}`,
      config: { Analyzers: analyzers.map((a) => ({ arn: a.arn, name: a.name, type: a.type, status: a.status })) },
    });
    return { resources: [fact], problems: [] };
  } finally {
    client.destroy();
  }
}

export const accessAnalyzerCollector: ServiceCollector = { service: 'accessanalyzer', global: false, collect: collectAccessAnalyzer };
