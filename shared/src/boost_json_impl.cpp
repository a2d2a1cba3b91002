// Boost.JSON compiled once, here, in header-only mode (Debian's libboost1.81-dev ships no libboost_json).
#include <boost/json/src.hpp>
