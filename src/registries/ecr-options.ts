/** The ECR repository options: how a repository this run creates is set up. */
import { readJsonFile, type InputContext } from '../input-reader.js';

export interface EcrOptions {
  readonly imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  readonly scanOnPush: boolean;
  /** The lifecycle policy document (JSON text), read from the file the input names. */
  readonly lifecyclePolicy: string | undefined;
}

export function readEcrOptions(ctx: InputContext): EcrOptions {
  const policyPath = ctx.text('ecr-lifecycle-policy');
  const policy = policyPath === undefined ? undefined : readJsonFile(ctx, 'ecr-lifecycle-policy', policyPath);
  return {
    imageTagMutability: ctx.oneOf('ecr-image-tag-mutability', ['MUTABLE', 'IMMUTABLE'] as const, 'MUTABLE'),
    scanOnPush: ctx.boolean('ecr-scan-on-push', false),
    lifecyclePolicy: policy && JSON.stringify(policy),
  };
}
