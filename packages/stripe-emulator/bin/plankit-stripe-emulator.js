#!/usr/bin/env node
// Launcher kept in the repository so installs can link the bin before dist/ is built.
import '../dist/cli.js';
