import { z } from 'zod';
import { ACTIVATION_FLOPS, type ActivationFn, type Padding, type Pair, pair } from '../core/index.ts';

/** Hard caps keep hostile inputs from asking for absurd work; real networks stay far below them. */
export const MAX_CHANNELS = 1 << 16;
export const MAX_SIDE = 1 << 15;

export const positiveInt = (max = MAX_CHANNELS) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(max, `must be at most ${max}`);

export const nonNegativeInt = (max = MAX_SIDE) =>
  z.number().int('must be a non-negative integer').min(0, 'must be a non-negative integer').max(max);

/** A kernel, stride or dilation: one integer or [height, width]. */
export const pairSchema = (max = 1024) =>
  z.union([positiveInt(max), z.tuple([positiveInt(max), positiveInt(max)])]);

export const paddingSchema = z.union([
  z.enum(['same', 'valid']),
  nonNegativeInt(1024),
  z.tuple([nonNegativeInt(1024), nonNegativeInt(1024), nonNegativeInt(1024), nonNegativeInt(1024)]),
]);

/** Stride of a network unit: 1 keeps the resolution, 2 halves it. */
export const unitStrideSchema = z.union([z.literal(1), z.literal(2)]);

export const activationSchema = z.enum([...(Object.keys(ACTIVATION_FLOPS) as ActivationFn[]), 'none']);

export type PairInput = z.infer<ReturnType<typeof pairSchema>>;
export type PaddingInput = z.infer<typeof paddingSchema>;

export const toPair = (v: PairInput): Pair => pair(v as number | Pair);

/** An integer padding p means p pixels on every side. */
export const toPadding = (p: PaddingInput): Padding =>
  typeof p === 'number' ? [p, p, p, p] : (p as Padding);
