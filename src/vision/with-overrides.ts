/**
 * The defaults with every override that is not undefined (`{ ...defaults, ...overrides }` would
 * let an explicit undefined erase a default).
 *
 * @example withOverrides({ a: 1, b: 2 }, { a: undefined, b: 3 }) // { a: 1, b: 3 }
 */
export function withOverrides<T extends object>(defaults: T, overrides: Partial<T>): T {
  const result = { ...defaults };
  for (const [key, value] of Object.entries(overrides) as Array<[keyof T, T[keyof T] | undefined]>) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}
