#include "engine/OutboxAutoFlush.h"

#include "engine/SendService.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "store/Outbox.h"

namespace petrel::engine {

std::uint32_t flushOutboxBeforeSync(JobContext& job, const Profile& profile,
                                    const model::AccountConfig& account,
                                    const std::optional<std::string>& password) {
    if (!account.smtp || account.smtp->host.empty()) return 0;
    {
        store::Outbox outbox(workerDatabase(job, profile));
        if (outbox.pending(account.id).empty() && outbox.interrupted(account.id).empty()) return 0;
    }
    try {
        return flushOutbox(job, profile, account, password).sent;
    } catch (const model::Error& e) {
        if (e.kind() == model::ErrorKind::Cancelled) throw;
        return 0;
    }
}

}  // namespace petrel::engine
