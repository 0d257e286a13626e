#include "cli/CliContext.h"

#include "store/Db.h"

namespace petrel::cli {

CliContext::CliContext(engine::Profile profile, bool json, std::istream& in, std::ostream& out,
                       std::ostream& err)
    : profile_(std::move(profile)), json_(json), in_(in), out_(out), err_(err) {}

CliContext::~CliContext() = default;

store::Db& CliContext::db() {
    if (!db_) {
        profile_.ensureExists();
        db_ = std::make_unique<store::Db>(profile_.databasePath());
    }
    return *db_;
}

}  // namespace petrel::cli
