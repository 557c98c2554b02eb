import type { EventSource, SendOutcome } from '../runtime/send-event';
import type { AppDeps } from './deps';
import { ApiError, notFound } from './errors';
import { acceptedUserEvents } from './job-view';

/** The answer to an event the job's current state does not accept: nothing changed. */
export function invalidTransition(eventType: string, outcome: SendOutcome): ApiError {
  return new ApiError(409, 'INVALID_TRANSITION', `${eventType} is not accepted while the job is ${outcome.status}`, {
    status: outcome.status,
    event: eventType,
    accepted_events: acceptedUserEvents(outcome.snapshot),
  });
}

/**
 * Sends a client's event to a job and returns the accepted outcome; a missing job is a 404 and a
 * refused event a 409, unless `explainRefusal` has a more precise answer (NOT_READY).
 */
export async function deliver(
  deps: Pick<AppDeps, 'runtime'>,
  jobId: string,
  eventType: string,
  source: EventSource,
  explainRefusal?: (outcome: SendOutcome) => ApiError | undefined,
): Promise<SendOutcome> {
  const outcome = await deps.runtime.send(jobId, source);
  if (!outcome) throw notFound(`job ${jobId}`);
  if (!outcome.accepted) throw explainRefusal?.(outcome) ?? invalidTransition(eventType, outcome);
  return outcome;
}
