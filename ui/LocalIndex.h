#pragma once
#include <memory>

namespace petrel::engine {
class Profile;
}
namespace petrel::store {
class Db;
}

namespace petrel::ui {

// The GUI's own connection to a profile's index: read-only, UI thread only (DESIGN §1).
class LocalIndex {
public:
    // Creates the profile folders if missing and brings the index up to date by opening it
    // read-write once (that runs the migrations, creating the database if there is none), then
    // returns a read-only connection. Throws model::Error (Storage) when the index cannot be
    // created, is damaged, or was written by a newer Petrel.
    static std::shared_ptr<store::Db> open(const engine::Profile& profile);
};

}  // namespace petrel::ui
