/** The npm bundle's entry: main.ts only defines the program, so that the single executable can snapshot it before running it. */
import { run } from './main';

run();
