import type { Attachment, Choice } from '../channel.ts';
import type { Impact, TargetDuration, TicketStatus, Urgency } from '../domain.ts';
import type { FaqAction } from '../faq/load.ts';
import type { FaqMatch } from '../faq/matcher.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import type { Requester } from '../understand/requester.ts';
import type { Understanding } from '../understand/understand.ts';
import type { Vocabulary } from '../understand/vocabulary.ts';

/** What a reporter has said so far about a problem, before it becomes a ticket. */
export interface IncidentDraft {
  serviceCode?: string;
  description?: string;
  since?: string;
  impact?: Impact;
}

/** What a reporter has said so far about a service they need. */
export interface RequestDraft {
  serviceCode?: string;
  description?: string;
}

/** The service codes last offered as a numbered list, so "2" means what the person saw. */
interface Offered {
  offered?: string[];
}

/** Who the reporter said they are, when the form asked (the first report of a contact). */
interface Told {
  requester?: Requester;
}

/** Where a chat is in its conversation; persisted as JSON in Conversation.state. */
export type Flow =
  | { name: 'idle' }
  | { name: 'menu' }
  /** An FAQ answer was given with these actions offered as choices. */
  | { name: 'faq'; actions?: FaqAction[] }
  | ({ name: 'request'; step: 'service' | 'describe' | 'identity' | 'confirm' } & RequestDraft &
      Offered &
      Told)
  | ({
      name: 'incident';
      step: 'service' | 'describe' | 'since' | 'impact' | 'identity' | 'confirm';
    } & IncidentDraft &
      Offered &
      Told)
  | { name: 'status'; step: 'pick' }
  | { name: 'cancel'; step: 'pick' }
  | { name: 'cancel'; step: 'confirm'; code: string }
  | { name: 'human'; step: 'pick' }
  | { name: 'human'; step: 'describe'; code?: string }
  /** A follow-up message waiting for the reporter to say which of their tickets it is about. */
  | { name: 'followup'; text: string }
  | { name: 'confirm_resolution'; code: string }
  | { name: 'reopen_reason'; code: string }
  | { name: 'answer_question'; code: string }
  | { name: 'rating'; code: string }
  | { name: 'feedback'; code: string };

export interface ConversationState {
  flow: Flow;
  /** Consecutive inputs the bot did not understand. */
  misses: number;
  /** Photos, voice notes… received but not yet attached to a ticket. */
  attachments: Attachment[];
  /** A half-filled report put aside when staff asked something or resolved a ticket; resumed after. */
  suspended?: Flow;
  /** A half-filled report kept after the reporter went quiet, to continue within the keep time. */
  draft?: { flow: Flow; savedAt: string };
}

export const INITIAL_STATE: ConversationState = { flow: { name: 'idle' }, misses: 0, attachments: [] };

export type ConversationEvent =
  | {
      type: 'message';
      text: string;
      choice?: string;
      attachments: Attachment[];
      /** The text was cut to INBOUND_LIMITS.text when it was accepted: the reporter is told once. */
      truncated?: boolean;
      /** MEDIA_MAX_MB, for telling the reporter about an attachment refused for its size. */
      mediaLimitMb?: number;
    }
  /** Staff resolved the reporter's ticket: ask them to confirm. */
  | {
      type: 'ticket_resolved';
      code: string;
      resolution: string;
      reminder?: boolean;
      /** When it closes by itself without an answer; unset: not said (or it does not, AUTO_CLOSE=false). */
      closesAt?: Date;
      /** A reminder: whether the ticket closes by itself without an answer (unset: it does). */
      closes?: boolean;
    }
  /** Staff asked the reporter a question (/tanya): their next message is the answer. */
  | { type: 'ticket_question'; code: string; question: string }
  /** The ticket closed without the reporter's confirmation: ask for the rating once. */
  | { type: 'ask_rating'; code: string; text: string }
  /** No message for the configured time. */
  | { type: 'inactivity_timeout' };

/** A catalogue service as the conversation sees it. */
export interface ServiceOption {
  code: string;
  name: string;
  requestable: boolean;
  reportable: boolean;
  fulfilment: TargetDuration | null;
  /** Its targets run 24/7 (sla/clock.ts). */
  clock24: boolean;
}

/** One of the reporter's tickets. */
export interface OwnTicket {
  code: string;
  status: TicketStatus;
  serviceCode: string;
  serviceName: string;
}

export interface StepContext {
  now: Date;
  services: ServiceOption[];
  /**
   * The service of `kind` the person typed, or the likeliest ones when unsure; `answer`: the text answers
   * "which service?", so two services named is a question back, not the longer name.
   */
  findService(
    text: string,
    kind: 'request' | 'incident',
    answer?: boolean,
  ): { code: string | null; candidates: string[] };
  faq(text: string): FaqMatch;
  calendar: BusinessCalendar;
  /** The reporter's tickets that are not closed or cancelled, newest first. */
  ownOpenTickets: OwnTicket[];
  /** Open incidents by service code: a new report of the same service is a known outage. */
  openIncidentByService: ReadonlyMap<string, string>;
  /** What a free-text message wants and what it already says. */
  understand(text: string): Understanding;
  /** The words of answers (yes/no, solved, captions…), from vocabulary/. */
  vocabulary: Vocabulary;
  /** How long a half-filled report is kept after the reporter went quiet. */
  draftKeepMs: number;
  /**
   * Who the reporter told the helpdesk they are (Contact name, OPD, NIP); null: never asked yet, so the
   * form asks before its summary (002:471, 002:501).
   */
  requester: Requester | null;
}

/** What the step asks the outside world to do; IO happens in effects.ts, inside the same transaction. */
export type Effect =
  | { type: 'reply'; text: string; choices?: Choice[] }
  /** `urgency`: as the reporter said it; unset, the ticket's default. */
  | {
      type: 'open_request';
      serviceCode: string;
      description: string;
      attachments: Attachment[];
      urgency?: Urgency;
    }
  | {
      type: 'open_incident';
      serviceCode: string;
      description: string;
      since: string;
      impact: Impact;
      attachments: Attachment[];
      urgency?: Urgency;
    }
  /** The reporter's answer to "who are you?": remembered on their contact, never asked again. */
  | ({ type: 'save_profile' } & Requester)
  | { type: 'follow_incident'; code: string }
  | { type: 'show_status'; code?: string }
  | { type: 'cancel_ticket'; code: string }
  | { type: 'request_human'; note: string; code?: string; attachments: Attachment[] }
  | { type: 'confirm_resolution'; code: string; solved: boolean }
  | { type: 'reopen_reason'; code: string; text: string }
  | { type: 'reporter_answer'; code: string; text: string; attachments: Attachment[] }
  | { type: 'rate_ticket'; code: string; rating: number }
  /** A message from the reporter about their open ticket: recorded and relayed to the team. */
  | { type: 'add_comment'; code: string; text: string; attachments: Attachment[] }
  | { type: 'ticket_feedback'; code: string; text: string }
  | { type: 'attach_to_ticket'; code: string; attachments: Attachment[] };

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}
