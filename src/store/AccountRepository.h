#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/AccountConfig.h"

namespace petrel::store {

class Db;

// Account configuration in the index, shared by the GUI and the CLI. Never a secret.
class AccountRepository {
public:
    explicit AccountRepository(Db& db) : db_(db) {}

    // Returns the new id. A duplicate name is a Usage error.
    std::int64_t add(const model::AccountConfig& account);
    // Matches by id; NotFound if there is no such account, Usage if the new name is taken.
    void update(const model::AccountConfig& account);
    // Removes the account and, by cascade, its folders, messages, parts, queues and counters.
    void remove(const std::string& name);
    std::optional<model::AccountConfig> findByName(const std::string& name);
    std::optional<model::AccountConfig> findById(std::int64_t id);
    // Ordered by name, ignoring ASCII case.
    std::vector<model::AccountConfig> list();

private:
    bool nameTaken(const std::string& name, std::int64_t exceptId);

    Db& db_;
};

}  // namespace petrel::store
