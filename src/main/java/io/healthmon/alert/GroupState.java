package io.healthmon.alert;

import io.healthmon.rule.Severity;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One group on one channel and what was sent about it.
 *
 * @param escalation a group on an escalation channel: it says ESCALATED once, then only RESOLVED
 * @param members    every incident that joined during the group's life, as last seen, in the
 *                   order they joined (a resolved one stays, for the resolve message)
 * @param notified   the highest severity sent so far; null until the first message
 * @param sendAt     when the first message is due (the group wait after the first member)
 * @param lastSent   when the last trigger or reminder went out; null until then
 */
@RegisterForReflection // persisted as JSON in incidents.json
public record GroupState(Group group, String channel, boolean escalation, List<Incident> members, Severity notified,
                         Instant sendAt, Instant lastSent) {

    public GroupState {
        members = members == null ? List.of() : members.stream().filter(Objects::nonNull).toList();
    }

    /** As read back: whole enough to carry on. */
    boolean valid() {
        return group != null && group.valid() && channel != null && sendAt != null && !members.isEmpty()
                && members.stream().allMatch(Incident::valid);
    }

    /** Whether its first message went out. */
    public boolean sent() {
        return notified != null;
    }

    boolean has(String incidentId) {
        return members.stream().anyMatch(m -> m.id().equals(incidentId));
    }

    GroupState joined(Incident i) {
        List<Incident> m = new ArrayList<>(members);
        m.add(i);
        return new GroupState(group, channel, escalation, m, notified, sendAt, lastSent);
    }

    /** The member with this one's id replaced by it (its latest state); unchanged when not a member. */
    GroupState replaced(Incident i) {
        if (!has(i.id())) {
            return this;
        }
        return new GroupState(group, channel, escalation, members.stream().map(m -> m.id().equals(i.id()) ? i : m).toList(),
                notified, sendAt, lastSent);
    }

    GroupState told(Severity severity, Instant at) {
        return new GroupState(group, channel, escalation, members, severity, sendAt, at);
    }
}
