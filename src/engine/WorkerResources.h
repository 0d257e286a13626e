#pragma once
#include <memory>
#include <typeindex>
#include <unordered_map>

namespace petrel::engine {

// Objects that belong to one worker thread and live as long as it: the account's vmime
// session and store, its SQLite write connection. They are created and destroyed on that
// thread only, which is how vmime objects never cross threads.
class WorkerResources {
public:
    WorkerResources() = default;
    WorkerResources(const WorkerResources&) = delete;
    WorkerResources& operator=(const WorkerResources&) = delete;

    // The resource of type T, or nullptr when none was made yet.
    template <typename T>
    T* find() {
        auto it = items_.find(typeid(T));
        return it == items_.end() ? nullptr : static_cast<T*>(it->second.get());
    }

    template <typename T, typename Make>
    T& getOrCreate(Make make) {
        if (auto* existing = find<T>()) return *existing;
        std::shared_ptr<T> made = make();
        T& ref = *made;
        items_[typeid(T)] = std::move(made);
        return ref;
    }

    // Drops a resource, e.g. a vmime store after a network error (a dropped 0.9.2 store
    // cannot reconnect and must be rebuilt).
    template <typename T>
    void reset() {
        items_.erase(typeid(T));
    }

    void clear() { items_.clear(); }

private:
    std::unordered_map<std::type_index, std::shared_ptr<void>> items_;
};

}  // namespace petrel::engine
