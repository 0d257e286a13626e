#include "engine/WorkerDatabase.h"

#include "engine/WorkerResources.h"

namespace petrel::engine {

store::Db& workerDatabase(JobContext& context, const Profile& profile) {
    return context.resources().getOrCreate<store::Db>(
        [&] { return std::make_shared<store::Db>(profile.databasePath()); });
}

}  // namespace petrel::engine
