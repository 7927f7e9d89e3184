import '../../src/node-version-guard.js';
import 'reflect-metadata';

process.env.NODE_ENV = 'test';
