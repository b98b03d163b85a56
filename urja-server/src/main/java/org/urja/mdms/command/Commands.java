package org.urja.mdms.command;

import java.util.List;
import java.util.Optional;

/**
 * Published API: issue, follow and cancel remote commands — for the staff API and for other modules (prepaid,
 * tamper handling, outage management) acting as a {@link Requester#system system requester}. Refusals of bad input
 * are {@link org.urja.mdms.platform.ApiProblem}s naming the field, and change nothing. A command refused by the
 * disconnection policy is not an error: it is recorded, in state REFUSED, naming the rule.
 */
public interface Commands {

    /** What a submission returned: the command (or group) and whether it is the one an earlier use of the key made. */
    record Submitted<T>(T value, boolean duplicate) {
    }

    /** Records a command for one meter, checks the policy, and queues it for the HES. */
    Submitted<CommandView> submit(CommandRequest request);

    /** Records one command per meter of the group (each checked on its own) and queues them for the HES. */
    Submitted<GroupView> submitGroup(GroupRequest request);

    /** A command with its full state history. */
    Optional<CommandView> find(long commandId);

    /** A group's progress and one page of its meters' outcomes ({@code state} null: every state). */
    Optional<GroupView> group(long groupId, CommandState state, int page, int size);

    /** The latest commands of a meter, newest first. */
    List<CommandView> ofMeter(String meterSerialNo, int limit);

    /** Cancels a command not yet sent to the HES (a conflict otherwise); cancelling it again changes nothing. */
    CommandView cancel(long commandId, Requester by, String reason);

    /** Cancels the commands of a group that are not yet sent; the others go on. */
    GroupView cancelGroup(long groupId, Requester by, String reason);

    /**
     * What the disconnection policy would decide now for each meter of the group (the request's key and reason are
     * not needed): bad input is refused as by {@link #submitGroup}; nothing is stored or sent.
     */
    PolicyPreview preview(GroupRequest request);

    /** The command queue: commands requested since {@code since} per state, and those not yet final. */
    QueueSummary queue(java.time.Instant since);

    /** The latest group commands, newest first, with their progress (no per-meter outcomes). */
    List<GroupView> recentGroups(int limit);

    /** The meter's state as confirmed by commands, if any command was ever confirmed for it. */
    Optional<MeterState> meterState(String meterSerialNo);
}
