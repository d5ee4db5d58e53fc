/**
 * The targets a new ticket gets: an incident's priority and its response and resolution due times, or
 * a request's fulfilment due time. Each is counted on the ticket's own clock (sla/clock.ts): the office
 * calendar, or 24/7 in the same zone for a 24/7 service or a round-the-clock priority.
 */
import type { Impact, Priority, ServiceNature, SystemClass, TargetDuration } from '../domain.ts';
import { addBusinessTime, type BusinessCalendar } from './calendar.ts';
import { targetCalendar } from './clock.ts';
import { derivePriority, PRIORITY_TARGETS } from './priority.ts';

export interface IncidentTargets {
  priority: Priority;
  response: TargetDuration;
  resolution: TargetDuration;
  responseDueAt: Date;
  resolutionDueAt: Date;
}

/** Targets of an incident reported at `reportedAt` on a service with this nature, class and clock. */
export function incidentTargets(
  service: { nature: ServiceNature; classification: SystemClass; clock24: boolean },
  impact: Impact,
  reportedAt: Date,
  office: BusinessCalendar,
): IncidentTargets {
  const priority = derivePriority(impact, service.nature, service.classification);
  return { priority, ...priorityTargets(service, priority, reportedAt, office) };
}

/**
 * Due times of a priority counted from `reportedAt` on that priority's clock (also used when staff re-set
 * the priority: P3 → P1 moves the targets onto 24/7).
 */
export function priorityTargets(
  service: { clock24: boolean },
  priority: Priority,
  reportedAt: Date,
  office: BusinessCalendar,
): Omit<IncidentTargets, 'priority'> {
  const { response, resolution } = PRIORITY_TARGETS[priority];
  const calendar = targetCalendar(office, { service, priority });
  return {
    response,
    resolution,
    responseDueAt: addBusinessTime(reportedAt, response, calendar),
    resolutionDueAt: addBusinessTime(reportedAt, resolution, calendar),
  };
}

/** The fulfilment due time of a service request submitted at `submittedAt`, on the service's clock. */
export function fulfilmentDueAt(
  service: { clock24: boolean },
  fulfilment: TargetDuration,
  submittedAt: Date,
  office: BusinessCalendar,
): Date {
  return addBusinessTime(submittedAt, fulfilment, targetCalendar(office, { service, priority: null }));
}
