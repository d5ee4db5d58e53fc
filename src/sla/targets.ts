/**
 * The targets a new ticket gets: an incident's priority and its response and resolution due times, or
 * a request's fulfilment due time, on the deployment's business calendar.
 */
import type { Impact, Priority, ServiceNature, SystemClass, TargetDuration } from '../domain.ts';
import { addBusinessTime, type BusinessCalendar } from './calendar.ts';
import { derivePriority, PRIORITY_TARGETS } from './priority.ts';

export interface IncidentTargets {
  priority: Priority;
  response: TargetDuration;
  resolution: TargetDuration;
  responseDueAt: Date;
  resolutionDueAt: Date;
}

/** Targets of an incident reported at `reportedAt` on a service with this nature and class. */
export function incidentTargets(
  service: { nature: ServiceNature; classification: SystemClass },
  impact: Impact,
  reportedAt: Date,
  calendar: BusinessCalendar,
): IncidentTargets {
  const priority = derivePriority(impact, service.nature, service.classification);
  return { priority, ...priorityTargets(priority, reportedAt, calendar) };
}

/** Due times of a priority counted from `reportedAt` (also used when staff re-set the priority). */
export function priorityTargets(
  priority: Priority,
  reportedAt: Date,
  calendar: BusinessCalendar,
): Omit<IncidentTargets, 'priority'> {
  const { response, resolution } = PRIORITY_TARGETS[priority];
  return {
    response,
    resolution,
    responseDueAt: addBusinessTime(reportedAt, response, calendar),
    resolutionDueAt: addBusinessTime(reportedAt, resolution, calendar),
  };
}

/** The fulfilment due time of a service request submitted at `submittedAt`. */
export function fulfilmentDueAt(
  fulfilment: TargetDuration,
  submittedAt: Date,
  calendar: BusinessCalendar,
): Date {
  return addBusinessTime(submittedAt, fulfilment, calendar);
}
