import { awsService } from './service-metadata.js';
import { APIGatewayClient, GetStagesCommand, paginateGetRestApis } from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  GetApisCommand,
  GetRoutesCommand,
  GetStagesCommand as GetV2StagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import type { Resource } from '../../types.js';
import { partitionOf } from '../../model/aws-ids.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { eachItem, listAll, resourcesOf, type ServiceCollector, type ServiceContext } from './service.js';

/** Every page of an API Gateway v2 listing (NextToken, no SDK paginator). */
async function pages<T>(read: (token: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>) {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    out.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * REST APIs and their stages (v1); HTTP and WebSocket APIs, their stages and routes (v2). Stages
 * and routes are read one API at a time: AWS has no call across APIs.
 */
async function collectApiGateway(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  const base = `arn:${partitionOf(ctx.region)}:apigateway:${ctx.region}::`;
  const rest = nameCalls(new APIGatewayClient(clientConfig(ctx.region, ctx.session.credentials)));
  const v2 = nameCalls(new ApiGatewayV2Client(clientConfig(ctx.region, ctx.session.credentials)));
  try {
    const problems: string[] = [];
    const [restApis, apis] = await Promise.all([
      listAll(paginateGetRestApis({ client: rest, pageSize: 500 }, {}), (p) => p.items),
      pages((NextToken) => v2.send(new GetApisCommand({ NextToken, MaxResults: '500' }))),
    ]);
    const restStages = await eachItem(
      restApis,
      (a) => `REST API ${a.id}`,
      async (api) => {
        const stages = (await rest.send(new GetStagesCommand({ restApiId: api.id }))).item ?? [];
        return stages.map((s) =>
          make.resource({
            id: `${base}/restapis/${api.id}/stages/${s.stageName}`,
            type: 'aws.apigateway.rest_stage',
            name: `${api.name ?? api.id}/${s.stageName}`,
            tags: s.tags ?? {},
            config: {
              ...s,
              RestApi: { id: api.id, name: api.name, endpointConfiguration: api.endpointConfiguration },
            },
          }),
        );
      },
      problems,
    );
    const v2Resources = await eachItem(
      apis,
      (a) => `API ${a.ApiId}`,
      async (api) => {
        const [stages, routes] = await Promise.all([
          pages((NextToken) =>
            v2.send(new GetV2StagesCommand({ ApiId: api.ApiId, NextToken, MaxResults: '500' })),
          ),
          pages((NextToken) =>
            v2.send(new GetRoutesCommand({ ApiId: api.ApiId, NextToken, MaxResults: '500' })),
          ),
        ]);
        const summary = { ApiId: api.ApiId, Name: api.Name, ProtocolType: api.ProtocolType };
        const out: Resource[] = [
          make.resource({
            id: `${base}/apis/${api.ApiId}`,
            type: 'aws.apigateway.v2_api',
            name: api.Name ?? api.ApiId!,
            tags: api.Tags ?? {},
            config: { ...api, Routes: routes },
          }),
        ];
        for (const s of stages)
          out.push(
            make.resource({
              id: `${base}/apis/${api.ApiId}/stages/${s.StageName}`,
              type: 'aws.apigateway.v2_stage',
              name: `${api.Name ?? api.ApiId}/${s.StageName}`,
              tags: s.Tags ?? {},
              config: { ...s, Api: summary },
            }),
          );
        return out;
      },
      problems,
    );
    return { resources: [...restStages.flat(), ...v2Resources.flat()], problems };
  } finally {
    rest.destroy();
    v2.destroy();
  }
}

export const apiGatewayCollector: ServiceCollector = {
  ...awsService('apigateway'),
  // API Gateway's IAM actions are the HTTP method on the resource path: GET reads every listing here.
  permissions: ['apigateway:GET'],
  collect: collectApiGateway,
};
