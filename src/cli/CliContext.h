#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "engine/Profile.h"

namespace petrel::store {
class Db;
}

namespace petrel::cli {

// What every command gets: the profile, the output mode, the streams, and the index opened
// on first use (commands like --help never touch the profile).
class CliContext {
public:
    CliContext(engine::Profile profile, bool json, std::istream& in, std::ostream& out, std::ostream& err);
    ~CliContext();

    const engine::Profile& profile() const { return profile_; }
    bool json() const { return json_; }
    std::istream& in() { return in_; }
    std::ostream& out() { return out_; }
    std::ostream& err() { return err_; }
    store::Db& db();

private:
    engine::Profile profile_;
    bool json_;
    std::istream& in_;
    std::ostream& out_;
    std::ostream& err_;
    std::unique_ptr<store::Db> db_;
};

}  // namespace petrel::cli
