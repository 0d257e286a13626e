#include "compose/AccountJob.h"

#include "EngineHost.h"
#include "engine/UserDecisions.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "store/AccountRepository.h"

namespace petrel::ui {

std::function<void(engine::JobContext&)> accountJob(EngineHost& host, std::int64_t accountId, AccountWork work,
                                                    bool askUser) {
    return [profile = host.profile(), secrets = host.secrets(), accountId, work = std::move(work),
            askUser](engine::JobContext& job) {
        const auto account = store::AccountRepository(engine::workerDatabase(job, profile)).findById(accountId);
        if (!account) throw model::Error(model::ErrorKind::NotFound, "The account no longer exists");
        if (!askUser) return work(job, profile, *account, std::nullopt);
        engine::withUserDecisions(job, profile, *account, *secrets,
                                  [&](const model::AccountConfig& amended, const std::optional<std::string>& password) {
                                      work(job, profile, amended, password);
                                  });
    };
}

}  // namespace petrel::ui
