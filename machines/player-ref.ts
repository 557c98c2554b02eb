/** The one canonical form of a player reference: the candidate track it names. */
export type PlayerRef = `track_${number}`;

const TRACK_ID = /^(?:track_)?(\d{1,9})$/;

/**
 * Turns every accepted spelling of a track id into its canonical form, or null when the value
 * names no track. Accepted: `3`, `"3"`, `"track_3"`, `{ track_id: 3 }` (and `{ track_id: "3" }`).
 *
 * @example normalisePlayerRef({ track_id: 3 }) // 'track_3'
 */
export function normalisePlayerRef(value: unknown): PlayerRef | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? `track_${value}` : null;
  }
  if (typeof value === 'string') {
    const match = TRACK_ID.exec(value.trim());
    return match ? `track_${Number(match[1])}` : null;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'track_id') {
      const inner = (value as { track_id: unknown }).track_id;
      return typeof inner === 'object' ? null : normalisePlayerRef(inner);
    }
  }
  return null;
}

/** The numeric track id of a canonical reference. @example trackIdOf('track_3') // 3 */
export function trackIdOf(ref: PlayerRef): number {
  return Number(ref.slice('track_'.length));
}
