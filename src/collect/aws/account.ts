import { awsService } from './service-metadata.js';
import {
  AccountClient,
  GetAlternateContactCommand,
  GetContactInformationCommand,
  type AlternateContactType,
} from '@aws-sdk/client-account';
import { clientConfig } from './session.js';
import { isNotFound, nameCalls } from './errors.js';
import { resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

const CONTACT_TYPES: AlternateContactType[] = ['SECURITY', 'BILLING', 'OPERATIONS'];

/** The account's contact information and its three alternate contacts (null: none registered). */
async function collectAccount(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new AccountClient(clientConfig(ctx.apiRegion, ctx.session.credentials))),
    async (client) => {
      const orNull = async <T>(call: Promise<T>): Promise<T | null> => {
        try {
          return await call;
        } catch (error) {
          if (isNotFound(error, 'ResourceNotFoundException')) return null;
          throw error;
        }
      };
      const [contact, ...alternates] = await Promise.all([
        orNull(client.send(new GetContactInformationCommand({}))),
        ...CONTACT_TYPES.map((type) =>
          orNull(client.send(new GetAlternateContactCommand({ AlternateContactType: type }))),
        ),
      ]);
      const config = {
        ContactInformation: contact?.ContactInformation ?? null,
        AlternateContacts: Object.fromEntries(
          CONTACT_TYPES.map((type, i) => [type, alternates[i]?.AlternateContact ?? null]),
        ),
      };
      return { resources: [make.fact('account-contacts', 'aws.account.contacts', config)], problems: [] };
    },
  );
}

export const accountCollector: ServiceCollector = {
  ...awsService('account'),
  permissions: ['account:GetAlternateContact', 'account:GetContactInformation'],
  collect: collectAccount,
};
