#pragma once
#include <functional>
#include <string>
#include <vector>

namespace petrel::store {

class Db;

// One rung of the ladder: takes the schema from version N-1 to N. Either plain SQL or a
// function (for data rewrites SQL cannot express); both run inside the migration transaction.
struct MigrationStep {
    std::string description;
    std::string sql;
    std::function<void(Db&)> apply;
};

// The PRAGMA user_version ladder (DESIGN §3). All pending steps run in ONE transaction, so a
// failure leaves the database at its old version. Steps are never edited once released: a
// change is a new step at the end.
class Migrations {
public:
    static const std::vector<MigrationStep>& steps();
    static int latestVersion();

    // Brings the database to latestVersion().
    static void run(Db& db);
    // Brings the database to targetVersion (<= latest); for tests of a single step.
    static void run(Db& db, int targetVersion);
    // The ladder machinery itself, over any list of steps.
    static void run(Db& db, const std::vector<MigrationStep>& ladder, int targetVersion);
};

}  // namespace petrel::store
