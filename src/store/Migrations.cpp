#include "store/Migrations.h"

#include "model/Error.h"
#include "store/Db.h"
#include "store/Schema.h"
#include "store/Txn.h"

namespace petrel::store {

const std::vector<MigrationStep>& Migrations::steps() {
    static const std::vector<MigrationStep> ladder = {
        {"initial schema", schema::kVersion1, {}},
        {"folders remember when they were last synchronised", schema::kVersion2, {}},
        {"accounts carry a signature", schema::kVersion3, {}},
    };
    return ladder;
}

int Migrations::latestVersion() { return static_cast<int>(steps().size()); }

void Migrations::run(Db& db) { run(db, steps(), latestVersion()); }

void Migrations::run(Db& db, int targetVersion) { run(db, steps(), targetVersion); }

void Migrations::run(Db& db, const std::vector<MigrationStep>& ladder, int targetVersion) {
    const int latest = static_cast<int>(ladder.size());
    if (targetVersion < 0 || targetVersion > latest)
        throw model::Error(model::ErrorKind::Usage, "no schema version " + std::to_string(targetVersion));
    // Read the version inside the write lock: two processes starting together must not both
    // run the same step.
    Txn txn(db);
    const int current = db.userVersion();
    if (current > latest)
        throw model::Error(model::ErrorKind::Storage,
                           "the local index " + db.path() + " was written by a newer version of Petrel",
                           "schema version " + std::to_string(current) + ", this build knows up to " +
                               std::to_string(latest));
    if (current >= targetVersion) return;  // Txn rolls back an empty transaction
    for (int version = current + 1; version <= targetVersion; ++version) {
        const MigrationStep& step = ladder[static_cast<std::size_t>(version - 1)];
        try {
            if (!step.sql.empty()) db.exec(step.sql);
            if (step.apply) step.apply(db);
        } catch (const model::Error& e) {
            throw model::Error(model::ErrorKind::Storage,
                               "cannot upgrade the local index to version " + std::to_string(version) + " (" +
                                   step.description + ")",
                               e.detail().empty() ? e.what() : e.detail());
        }
    }
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.exec("PRAGMA user_version = " + std::to_string(targetVersion));
    txn.commit();
}

}  // namespace petrel::store
