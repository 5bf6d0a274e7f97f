import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
import { isNotFound, nameCalls } from './errors.js';
import { clientConfig, customEndpoint } from './session.js';
import type { ServiceContext } from './service.js';

interface Sender {
  send(command: GetParameterCommand): Promise<unknown>;
}

/**
 * Whether AWS offers a service in a region, from the public parameters AWS publishes under
 * /aws/service/global-infrastructure (one exists per service a region offers).
 */
export async function offeredIn(ssm: Sender, region: string, service: string): Promise<boolean> {
  try {
    await ssm.send(
      new GetParameterCommand({
        Name: `/aws/service/global-infrastructure/regions/${region}/services/${service}`,
      }),
    );
    return true;
  } catch (error) {
    if (isNotFound(error, 'ParameterNotFound')) return false;
    throw error;
  }
}

/** A name that does not resolve: the service has no endpoint in that region (or DNS failed). */
function noSuchHost(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'ENOTFOUND';
}

export type RegionalAnswer<T> = { offered: true; value: T } | { offered: false };

/**
 * The first call of a per-region service fact (GuardDuty's detectors, ECR's registry). When the
 * service's regional endpoint does not exist, AWS's own list of regional services is asked
 * whether the region offers it: only a "no" makes the fact `{Offered: false}` (its rules are then
 * not applicable); a failed DNS lookup for an offered service, or any other failure, stays an error.
 * `service` is the name in that list (guardduty, ecr, ...).
 */
export async function regionalFact<T>(
  ctx: ServiceContext,
  service: string,
  call: () => Promise<T>,
  ssmFor: (region: string) => Sender & { destroy(): void } = (region) =>
    nameCalls(new SSMClient(clientConfig(region, ctx.session.credentials))),
): Promise<RegionalAnswer<T>> {
  try {
    return { offered: true, value: await call() };
  } catch (error) {
    // A custom endpoint (a VPC endpoint, an emulator) answers for every region it is asked about.
    if (!noSuchHost(error) || customEndpoint(service.toUpperCase())) throw error;
    const ssm = ssmFor(ctx.session.homeRegion);
    let offered: boolean;
    try {
      offered = await offeredIn(ssm, ctx.region, service);
    } catch {
      throw error; // unconfirmed: the endpoint's own failure is the scope's error
    } finally {
      ssm.destroy();
    }
    if (offered) throw error;
    return { offered: false };
  }
}
