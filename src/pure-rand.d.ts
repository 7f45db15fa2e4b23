/**
 * Types for the two pure-rand entry points the Monte Carlo uses. The
 * package publishes them only through its `exports` map, which this
 * project's module resolution does not read for types.
 */
declare module "pure-rand/generator/xoroshiro128plus" {
  export interface RandomGenerator {
    clone(): RandomGenerator;
    next(): number;
  }
  export function xoroshiro128plus(seed: number): RandomGenerator;
}

declare module "pure-rand/distribution/uniformFloat64" {
  import type { RandomGenerator } from "pure-rand/generator/xoroshiro128plus";
  /** Uniform in [0, 1), advancing the generator. */
  export function uniformFloat64(rng: RandomGenerator): number;
}
