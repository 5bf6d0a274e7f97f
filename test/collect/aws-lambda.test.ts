import { describe, expect, it } from 'vitest';
import { valueKind, withoutEnvironmentValues } from '../../src/collect/aws/lambda.js';

describe('Lambda environment variables', () => {
  const fn = {
    FunctionName: 'orders-api',
    Runtime: 'python3.13' as const,
    Environment: {
      Variables: {
        DB_PASSWORD: 'correct-horse-battery-staple',
        SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf',
        EMPTY: '',
        FROM_STACK: '{{resolve:ssm:/app/key}}',
      },
    },
  };

  it('keeps the names and the kind of each value, never the value', () => {
    const { config, environmentValues } = withoutEnvironmentValues(fn);
    expect(JSON.stringify({ config, environmentValues })).not.toContain('correct-horse-battery-staple');
    expect(config.Environment).toEqual({
      VariableNames: ['DB_PASSWORD', 'EMPTY', 'FROM_STACK', 'SECRET_ARN'],
    });
    expect(environmentValues).toEqual({
      DB_PASSWORD: 'literal',
      SECRET_ARN: 'reference',
      EMPTY: 'empty',
      FROM_STACK: 'reference',
    });
    expect(config.Runtime).toBe('python3.13');
  });

  it('keeps the environment error and handles a function without environment', () => {
    const withError = withoutEnvironmentValues({
      FunctionName: 'x',
      Environment: { Error: { ErrorCode: 'KMSAccessDenied', Message: 'denied' } },
    });
    expect(withError.config.Environment).toEqual({
      VariableNames: [],
      Error: { ErrorCode: 'KMSAccessDenied', Message: 'denied' },
    });
    expect(withoutEnvironmentValues({ FunctionName: 'y' }).config.Environment).toEqual({ VariableNames: [] });
  });

  it('classifies values', () => {
    expect(valueKind(undefined)).toBe('empty');
    expect(valueKind('arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/x')).toBe('reference');
    expect(valueKind('arnold')).toBe('literal');
  });
});
