#include "LocalIndex.h"

#include "engine/Profile.h"
#include "store/Db.h"

namespace petrel::ui {

std::shared_ptr<store::Db> LocalIndex::open(const engine::Profile& profile) {
    profile.ensureExists();
    const std::string path = profile.databasePath();
    // Always once read-write, not only when the file is missing: a read-only connection refuses
    // an index from an older Petrel, and this is the moment to upgrade it. With nothing to do it
    // is one empty transaction.
    { store::Db upgrade(path, store::OpenMode::ReadWrite); }
    return std::make_shared<store::Db>(path, store::OpenMode::ReadOnly);
}

}  // namespace petrel::ui
