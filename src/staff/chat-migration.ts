/**
 * A chat that got a new id (a Telegram group upgraded to a supergroup keeps its members and history but
 * the old id stops working): its team registration, pending replies and warnings follow it.
 */
import type { ChannelName } from '../domain.ts';
import type { Logger } from '../logger.ts';
import { enqueueOutbound } from '../outbox/send.ts';
import type { ConversationDeps } from '../step/deps.ts';

export async function migrateChat(
  deps: Pick<ConversationDeps, 'db' | 'queues'>,
  channel: ChannelName,
  fromChatId: string,
  toChatId: string,
  log: Logger,
): Promise<void> {
  if (fromChatId === toChatId) return;
  const firstPending = await deps.db.$transaction(async (tx) => {
    const group = await tx.teamGroup.findUnique({
      where: { channel_chatId: { channel, chatId: fromChatId } },
    });
    const existing = await tx.teamGroup.findUnique({
      where: { channel_chatId: { channel, chatId: toChatId } },
    });
    if (group && existing) {
      // Registered again under the new id already: the old registration's services and staff move over.
      await tx.service.updateMany({ where: { teamGroupId: group.id }, data: { teamGroupId: existing.id } });
      await tx.staff.updateMany({ where: { teamGroupId: group.id }, data: { teamGroupId: existing.id } });
    } else if (group) {
      await tx.teamGroup.update({ where: { id: group.id }, data: { chatId: toChatId } });
    }
    await tx.notice.updateMany({
      where: { channel, chatId: fromChatId, flushedAt: null },
      data: { chatId: toChatId },
    });
    await tx.outboundMessage.updateMany({
      where: { channel, chatId: fromChatId, status: 'PENDING' },
      data: { chatId: toChatId },
    });
    return tx.outboundMessage.findFirst({
      where: { channel, chatId: toChatId, status: 'PENDING' },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
  });
  log.info({ channel }, 'a group chat moved to a new id; its registration followed');
  if (firstPending) await enqueueOutbound(deps.queues, channel, toChatId, firstPending.id);
}
