// faltlogg-server: the HTTPS sync server. Everything lives in the faltlogg_server library.
#include "app/run_server.hpp"

int main(int argc, char** argv) { return faltlogg::server::run_server({argv + 1, argv + argc}); }
